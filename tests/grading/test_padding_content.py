"""Padding is repetition and filler that carries no content: stock service talk, sentences said again,
text about something else. A story told with its scene and asides is an answer, not padding."""

from __future__ import annotations

from support.shipped import score_shipped

from trainer.grading.types import FLAG_PADDING

# a night-shift story with the acts of a good answer in it and many sentences of scene and aside
STORY_ZH = (
    "说起来这事儿得从前年秋天讲起，那会儿我刚去一家做生鲜配送的公司，负责夜班的热线。我们那个办公室在城郊一栋"
    "老楼的四楼，冬天暖气不太足，大家都裹着羽绒服接电话。那天晚上九点多，窗外刮着大风，我刚泡了一碗面还没来得"
    "及吃。那天我同桌的小王请假了，整个夜班就我和另一个同事。说实话那时候我入职才三个月，很多流程还不熟。我们"
    "组长是个特别较真的人，平时对我们要求挺严的。电话一响，对面是位老太太，姓林，说话带着很重的福建口音，我一"
    "开始听得很吃力。我老家也是福建的，后来听着听着反倒觉得亲切。那几年家家户户都开始在网上买年货，我们的单量"
    "一到腊月就翻好几倍。她一上来就哭，说她订的年货全坏了，过两天儿女都要回家过年。她越说越激动，说我们欺负老"
    "人，说要去电视台曝光。我没打断她，就让她一直讲，前后大概讲了有一刻钟。我那碗面都坨了，不过这不重要。等她"
    "讲完，我说：林阿姨，儿女们一年就回来这一次，您特意提前备的年货全坏了，搁谁都难受，这是我们配送出的错，真"
    "对不起您。她在那头愣了一下，哭声慢慢小了。我一查发现是冷链车的温控坏了一路没人发现。我给了她两个选择：明"
    "天上午重新配一份送过去，或者全额退款。她选了重新送。她还想要额外的赔偿，我说这个得请示主管，明早十点前给"
    "您回电话。第二天九点半我就打过去了，主管批了一张两百元的券，新的年货十一点也送到了。后来过完年我又打了个"
    "电话问她，她说孙子可爱吃那个腊肉了。那年春节我自己没回老家，在公司值班，吃了顿食堂的饺子，倒也挺开心的。"
    "年后我在组里提了建议，冷链车每趟出车前都要拍温控照片上传。之后那一季度，因为温控出问题的投诉一单都没有了"
    "。现在想起来，那碗坨掉的面我还记得，挺有意思的。那家公司后来被别人收购了，我也换了工作，不过那段夜班的日"
    "子我一直记得。"
)

UNRELATED_EN = (
    "Hi Priya, I'm sorry about this. The weather here in Manchester has been lovely this week, sunny ever"
    "y afternoon. My favourite football team won on Saturday, which made my weekend. I've been learning t"
    "o bake sourdough bread, and my third loaf finally rose properly. The local library has started a boo"
    "k club on Thursday evenings that I really enjoy. Last month I went hiking in the Lake District and t"
    "he views were stunning. My neighbour's dog had puppies and they're adorable. I think it's important "
    "to find joy in small things every day."
)


def test_a_story_told_with_its_scene_is_not_padding():
    result = score_shipped("core-interview-angry-08", STORY_ZH)
    assert FLAG_PADDING not in result.flags
    assert result.total >= 0.8 * sum(c.max for c in result.criteria)


def test_text_about_something_else_is_still_padding():
    result = score_shipped("en-saas-annual-double-charge-11", UNRELATED_EN)
    assert FLAG_PADDING in result.flags and result.total == 0


def test_the_same_sentences_said_again_are_still_padding():
    said = "I'm sorry about the double charge. "
    result = score_shipped("en-saas-annual-double-charge-11", said * 2 + "We value you as a customer. " * 6)
    assert FLAG_PADDING in result.flags
