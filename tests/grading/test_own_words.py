"""Excellent answers in the candidate's own words, written for these tests (not in the evaluation sets
and not used to write the rubrics): each earns at least 80 % of the question's maximum, in both languages."""

from __future__ import annotations

import pytest

from tests.support.shipped import ENGINE, QUESTIONS, criteria_by_id, score_shipped

OWN_WORDS = [
    (
        "core-interview-cross-dept-10",
        "我们那儿退货要仓库验完才能退款，有段时间仓库一直不验，退款卡了一百多单，客户天天骂。我先没去催，跑仓库跟一个"
        "老师傅聊了几句，原来他们刚搬新库，货还没理顺，验货的只剩两个人。我回来把卡住的单子按客户等了多少天、金额多少"
        "排了一下，挑出等了十天以上的二十来单。然后我去找仓库主管，跟他商量：这二十单您这周先验了，剩下的等搬完库下周"
        "集中验，我这边帮你们把单号和照片提前理好。他答应了，第二天就验完了。客户那边我没说是仓库的事，只说几号前退到"
        "账，退完一单我就发条短信说一声。后来我们发现验货慢主要是退货单上没有照片，我跟产品提了个建议，退货时必须上传"
        "照片，之后验货快了一倍。",
    ),
    # the supervisor's instruction restated and the lie not told (没跟客户说系统正常) are no lie of the candidate's
    (
        "core-interview-cover-up-11",
        "那次系统真出了问题，主管让我们说是客户网络不好。我没跟客户说系统正常，也没让他去折腾路由器，这等于骗人，客户"
        "有权知道真实情况，早晚会露馅，到时候投诉更多。我私下找主管，跟他说我一上午接了三十多个同样的电话，公告早晚要"
        "发，口径对不上更被动，建议换成如实的说法：部分用户遇到问题，技术在修，三点前给进展。主管同意了。对客户我照实"
        "说，留了电话，修好后挨个通知。要是主管不同意，我会找质检反映。",
    ),
    # the wrong act supposed only to be named wrong ("要是我一题一题帮他选……那就是误导销售") is not done
    (
        "core-interview-sales-pressure-12",
        "我先把老人存单到期的事办好，讲清楚续存利率。主管示意我推那款中高风险理财，我没推：产品得跟客户的风险承受能力"
        "匹配，得先做风险测评，而且要把可能亏钱的情况讲在前面。要是我一题一题帮他选，把测评做成平衡型，那就是误导销售，"
        "出了事家属一投诉谁都跑不掉。老人自己问起理财，我就请他自己做测评，只介绍对应的稳健产品，让他回家跟子女商量。"
        "事后我跟主管说，这样推有投诉和合规风险，不如把这款产品留给测评匹配的客户，业绩更稳。",
    ),
    (
        "core-interview-repeat-13",
        "碰到过一个第三次打来的大姐，她开口就火了。我赶紧说：“您别急，前两次的记录我这儿都能看到，您不用再讲一遍，"
        "前两次确实没给您办利索，怪我们。”我顺着记录往下查，第一次同事只是把单子标成已处理，根本没回访；第二次是系统"
        "那边修了，结果又犯了。我把这两条线都摸了一遍，让技术重新排查。我跟大姐留了我的工号，说明天下午三点前我给您"
        "打电话，您试了没问题我再关单。后来她确认好了我才结的单。这种回头单我还整理了一份，凑够五单报给质检和产品，"
        "建议客户确认后才能结单，之后我们组的回头电话少了不少。",
    ),
    (
        "core-interview-beyond-authority-09",
        "那次一个客户买的电饭煲内胆掉涂层，开口就要退一赔三，还说今天不给说法就打12315。我没急着说行不行，先让他把"
        "事情说完，问清楚用了多久、有没有吃出问题，然后为这个糟心事跟他道了歉。我跟他讲，如果查实是我们虚假宣传或者"
        "有安全隐患，退一赔三是有法律依据的，我会照实按流程提交；要只是普通的质量问题，我能做的是全额退款再加一张权限"
        "内的补偿券。三倍这个我拍不了板，我现在就报给主管，下午四点前给您回电话。他说要打12315，我说那是您的权利，我"
        "这边照样把事办好。四点前我准时回了电话，把结果和理由讲清楚，工单也记好了，过了三天又回访了一次。",
    ),
    (
        "core-interview-angry-08",
        "那年我在健身房前台。一位会员冲进来，说私教课被人占了，白跑一趟，当着大家的面拍桌子。我没急着辩解，就站那儿"
        "让他把话说完，他骂了快五分钟。等他停下来，我说：“您下了班专门赶过来，结果课没了，换谁都窝火，这是我们排课出"
        "了岔子，对不住您。”他嗓门这才降下来。我翻了排课系统，原来是新来的教练把他的时段重复约给了别人。我给他两条"
        "路：今晚九点我找别的教练给他补上，或者把这节课退了再送一节。他选了补课。他还要求免一个月会费，这我做不了主，"
        "我说我去问店长，明天中午前回他电话。店长批了半个月，第二天十一点我打过去，他挺满意，后来还续了年卡。事后我"
        "跟店长提议，排课系统里同一时段不许重复预约，之后再没出过这种事。",
    ),
    (
        "core-interview-kpi-14",
        "我们组去年开始考核平均通话时长，要压到四分钟以内。我一开始也慌，后来想明白了，时长只是个参考，客户的问题解决"
        "没解决才要紧。简单的查询我就利索点，备好常用答复，两三分钟说完；遇到复杂的，比如退款卡住的，我不会为了时长催"
        "客户挂电话，该查就查，一次说清楚，实在要转技术的我约好回电时间。我还把一个月里超时的电话拉出来看，发现一半是"
        "同一个退款问题，跟主管反映后加了一条自助查询，后来这类来电少了三成，组里的平均时长也下来了。",
    ),
    (
        "en-interview-bend-rule-14",
        "At the bookshop I worked in, a regular came back with a boxed set three weeks after our 14-day limit. Before "
        "saying anything about the rule I asked what had happened: it was a gift, and the birthday party had been "
        "postponed because her son was ill. I told her I appreciated her coming to us for years. I was upfront that a "
        "cash refund that late wasn't mine to give, but I could do store credit or swap it for something else right "
        "there. She wanted the refund, so I said I'd put it to my manager with the details and call her by noon the "
        "next day. He said yes. I rang at eleven to tell her, and I wrote the case up so we could look at whether "
        "gifts need a longer window.",
    ),
    (
        "en-interview-turnaround-13",
        "At the gym chain I worked for, a member came to the desk shaking with anger: she'd been charged twice for a "
        "month she'd frozen, and two colleagues had told her it would be sorted. I let her get it all out without "
        "jumping in. Then I said, 'So you froze your membership, you've been billed twice anyway, and you've been "
        "promised a fix twice with nothing happening. I'm sorry, that's on us.' She sat down. I dug into the billing "
        "screen and found the freeze had been logged on the wrong date, so the system kept charging. Refunds over one "
        "month need my manager, so I told her I'd get his sign-off and ring her by 5 pm; meanwhile I stopped the next "
        "payment so she wouldn't be charged again. I called at 4:30 with the refund confirmed, and checked the next "
        "morning that it had landed. Afterwards I showed the team how freezes were being back-dated wrongly, the form "
        "got a date check, and those complaints dropped to almost none.",
    ),
    (
        "core-interview-cover-up-11",
        "主管这么说我能理解，但这句话我说不出口。系统确实出了问题，我不会跟客户说是他网络不好，更不会让他去重启"
        "路由器白折腾，这是在骗客户。我会找主管单独聊，说我这边已经接了二十多个同样的电话，公告早晚要发，到时候"
        "口径对不上更被动，要不咱们换个说法：部分用户遇到登录问题，技术正在处理，下午三点前给进展。对客户我就照实"
        "说，把电话记下来，修好了挨个回电。主管要是坚持，我再找质检反映。",
    ),
    (
        "xb-annual-quota-01",
        "郑女士您好，让您白等了三天最后还被关单，真的很抱歉，我们应该在您下单时就提醒额度的事。查下来原因是这样的：每个人每年跨境购物的额度是两万六，您今年已经买了两万四千三，这台三千二百八的咖啡机超出了剩下的额度，所以海关没放行。用您先生的身份证和银行卡重新下单这个办法不行，规定要求下单人和付款人必须是同一个人，而且身份要真实，借别人的身份属于违规，也会占掉您先生自己的额度。现在有两个办法您选：一是这单的 3280 元连同预缴的税全部退给您，五个工作日内原路到账；二是改买平台上同款的国内现货，3450 元，明天就能发出。您定了告诉我，我马上给您办。",
    ),
    (
        "en-ecom-late-gift-10",
        "Hi Daniel, I'm really sorry. You paid extra so the headphones would be there for your son's birthday, and we let you down; that's on us, not something to push onto the courier. I've checked order 40-22817: the parcel was scanned at the Leeds depot at 07:40 on Monday and hasn't moved since. So I'm not going to wait on it. I've just sent a new pair by next-day express, and because it went out before 3 pm it will reach you before 1 pm tomorrow. I've also refunded your shipping charge, and I've asked the carrier to trace the first parcel; if it does turn up, just refuse it or send it back with the free label. Your case number is 55120. I'll check in with you tomorrow at about 1 pm to make sure the new pair arrived. Does that work for you?",
    ),
    (
        "core-interview-cross-dept-10",
        "有一次换货单卡在仓库快十天，客户天天来问。我先去仓库那边打听，原来他们人手不够，正赶着盘点。"
        "我把卡着的单子拉了个表，列出每单的客户、金额和客户要的日期，看出有四单是真急的。"
        "我拿着清单去找仓库主管当面聊，说能不能先处理这四笔，剩下的等盘点完一起办，不耽误他们手上要紧的事，他答应了。"
        "客户那边我没提是谁拖的，只告诉每位具体哪天发出，发出后挨个打电话通知。"
        "后来复盘发现，换货单要人工抄一遍才进仓库系统，我写了个建议交给运营，改成了自动同步，之后这类积压少了一大半。",
    ),
]


@pytest.mark.parametrize(("question_id", "answer"), OWN_WORDS)
def test_an_excellent_answer_in_other_words_earns_at_least_80_percent(question_id, answer):
    result = score_shipped(question_id, answer)
    assert not result.flags
    assert result.total / result.max >= 0.8, [(c.name, c.score, c.max) for c in result.criteria]
    for c in result.criteria:
        if c.score > 0:
            assert c.evidence in answer


def _criterion(question_id: str, answer: str, criterion_name: str):
    result = score_shipped(question_id, answer)
    return next(c for c in result.criteria if c.name == criterion_name)


# Root cause and prevention told as a story: the cause found, the change pushed, and what it achieved,
# in a story unlike the reference's.
ROOT_CAUSE_STORIES = [
    (
        "core-interview-cross-dept-10",
        "找根因、防再发",
        "后来复盘发现，是每年大促之后客服这边没有临时加人，单子全堆在一起。我写了个建议交给运营主管，"
        "大促后两周安排兼职补位，第二年同样的积压少了很多。",
    ),
    (
        "core-interview-cross-dept-10",
        "找根因、防再发",
        "事情过去以后我翻了一下这批单子卡住的原因，发现大半是报销单上少填了一栏，来回退件。我把统计拿到周会上，"
        "表单加了一个必填项，之后退件少了一半。",
    ),
    (
        "en-interview-turnaround-13",
        "Fixing the cause for others",
        "Afterwards we found that the sign-up form defaulted to the wrong region, so I wrote up the case "
        "for the product team and they made it mandatory to pick a region; those tickets dropped by half.",
    ),
]


@pytest.mark.parametrize(("question_id", "name", "story"), ROOT_CAUSE_STORIES)
def test_a_root_cause_and_its_effect_told_as_a_story_earn_the_criterion(question_id, name, story):
    c = _criterion(question_id, story, name)
    assert c.score == c.max, (c.score, c.missing)


@pytest.mark.parametrize(
    ("question_id", "name", "answer"),
    [
        (
            "core-interview-cross-dept-10",
            "找根因、防再发",
            "这件事办完就算了，下次再遇到再说，投诉也没有减少。",
        ),
        (
            "en-interview-turnaround-13",
            "Fixing the cause for others",
            "Once she was happy I closed the ticket and moved on.",
        ),
    ],
)
def test_no_cause_and_no_change_earns_nothing_for_prevention(question_id, name, answer):
    assert _criterion(question_id, answer, name).score == 0


def test_a_wrong_answer_to_an_interview_question_is_not_lifted_by_its_general_phrasings():
    q = QUESTIONS["core-interview-cross-dept-10"]
    answer = (
        "我会天天在群里点名催仓库，催到他们办为止。客户再来问，我就说这是仓库的事，让他自己打仓库电话问，"
        "反正不是我们部门拖的。"
    )
    result = ENGINE.score(q.rubric, answer, question=q.stem, reference=q.reference or None)
    assert result.total / result.max <= 0.2, [(c.name, c.score) for c in result.criteria]


def test_the_next_day_said_as_di_er_tian_or_ci_ri_is_tomorrow():
    name = "给出两个可行选择"
    tomorrow = _criterion("xb-annual-quota-01", "另外也可以改买国内仓的同一款，明天就能发出。", name).score
    assert tomorrow > 0
    for said in (
        "另外也可以改买国内仓的同一款，第二天就能发出。",
        "另外也可以改买国内仓的同一款，次日就能发出。",
    ):
        assert _criterion("xb-annual-quota-01", said, name).score == tomorrow, said
    assert _criterion("xb-annual-quota-01", "另外您第二天再打电话来问问吧。", name).score == 0


def test_a_negative_key_point_is_said_by_a_negated_statement_in_other_words():
    name = "对客户的沟通"
    kept = _criterion(
        "core-interview-cross-dept-10", "对客户那边我没说是仓库拖着，只告诉他们周四前办好。", name
    )
    assert "没有不对客户说其他部门拖延" not in kept.missing
    blamed = _criterion("core-interview-cross-dept-10", "我跟客户说是仓库一直拖着，周四前办好。", name)
    # blaming the warehouse to the customer is the criterion's must_not: a violation, or at least the key point missed
    assert blamed.violation or "没有不对客户说其他部门拖延" in blamed.missing
    assert blamed.score < kept.score


def test_some_first_and_the_rest_later_is_a_plan_in_batches():
    name = "提出双方都能接受的推进方案"
    batched = _criterion(
        "core-interview-cross-dept-10",
        "我去找售后组长当面聊：“我知道你们这周忙，能不能先把这三单退了，其他的等你们忙完下周一起办？”她答应了。",
        name,
    )
    pushed = _criterion(
        "core-interview-cross-dept-10",
        "我去找售后组长当面聊：“这些单子今天必须全部办完，客户等不了。”她答应了。",
        name,
    )
    assert "兼顾对方的分批方案" not in " ".join(batched.missing)
    assert batched.score > pushed.score


def test_a_time_to_hear_back_in_other_words_is_the_reply_time():
    name = "超出权限的部分"
    timed = _criterion("core-interview-beyond-authority-09", "我现在就报给主管，下午四点前给您回电话。", name)
    assert "没有提到具体答复时间" not in timed.missing
    late = _criterion("core-interview-beyond-authority-09", "我现在就报给主管，下周五前给您回电话。", name)
    assert "没有提到具体答复时间" in late.missing


def test_a_colleague_s_promise_told_in_the_story_does_not_take_back_asking_first():
    c = _criterion(
        "core-interview-angry-08",
        "我接手一看，之前的同事先答应了给他全额退款再赔两百，结果一直没批下来。我给他两个选择：先把货款退了，或者"
        "换新。赔偿的部分我说要请示主管，今天五点前回他电话。",
        "查清原因、给出方案",
    )
    assert "相反" not in c.rationale
    assert "超出权限向主管申请并给时间" not in " ".join(c.missing)


# Stories set outside a call centre (an appliance hotline, a restaurant, a supermarket, a driving school, a
# hotel) and told in note form: the acts of the rubric said in the candidate's own words — hearing out as
# 一句没辩解，等她骂完才开口, the problem said back as a quoted line, the cause as 一问，原来…, two options as
# "A，或者B" / 要么…要么…, a follow-up a week later, a proposal as 提议出单要按时间排, the effect as 再没出过.
OUTSIDE_STORIES = [
    (
        "core-interview-angry-08",
        "我之前在一家做家电的公司接售后电话。有次一个大姐打进来就骂，说新买的冰箱送来第二天就不制冷，一冰箱的菜和给"
        "孙子备的奶全坏了，她说我们卖的是垃圾。我一句没辩解，等她骂完才开口：“您刚买的冰箱一天就坏，菜和孩子的奶都扔"
        "了，搁谁身上都窝火，真的对不起您。”她那边安静了一下，口气软了点。\n我调了安装单，发现是安装师傅没等静置时间"
        "就通电，压缩机出了问题。我给了她两个办法：明天上午派人上门换一台新机，或者直接退货退款。她要换新。她又说坏掉"
        "的东西要我们赔三百，我能批的只有一百，就跟她说超出的我去找组长申请，当天五点前回她电话。\n第二天上午新冰箱就"
        "装好了，组长批了两百，我按时打过去，她笑着说这回服气了。过了一周我又回访了一次，机器正常。后来我把这个情况写"
        "成建议交给安装部门，要求师傅必须按规定静置再通电，之后那类投诉明显少了。",
    ),
    (
        "core-interview-angry-08",
        "没做过客服，讲个在餐馆打工的事。有桌客人等菜等了快一个钟头，其中一个男的拍桌子叫经理，说再不上就走人还要发"
        "差评。我过去先不说后厨忙，就站那听他说完，然后说：您几位饿着肚子干等一小时，朋友聚会被耽误了，是我们不对，"
        "对不起。他火小了一半。我去后厨一问，原来他们的单子被压在另一张单下面漏做了。我回来跟他说：马上给您优先做，"
        "十分钟上第一道，或者您不想等了这单我们不收钱。他说等。他还要整单免费，这个我定不了，我说去问老板，两分钟给"
        "答复，老板同意打五折外加送个菜。十分钟后菜上齐，他们走的时候还说下次再来。第二天我跟老板提议出单要用夹子按"
        "时间排，别再压单，后来再没出过漏单。",
    ),
    (
        "core-interview-angry-08",
        "在超市收银时碰到一位大爷，说上周买的牛奶过期了，孙子喝了拉肚子，冲我嚷了半天。我没插话，等他说完才说：“您给"
        "孩子买的奶，结果喝坏了肚子，换我也急，真是对不住。”他这才坐下来。我找店长调了进货记录，原来是理货员把临期的"
        "货摆到了前排。我跟他说：要么现在给您全额退款，要么换两箱新的。他要退款。他还要五百块医药费，这个我说了不算，"
        "我说去请示店长，半小时内给他回话，店长同意报销药费单据上的钱。当天就把钱退了，大爷走时跟我道谢。过了三天我又"
        "打电话问孩子怎么样，已经好了。后来我跟店长提议理货要按日期先进先出，每天早上查一遍临期货，之后再没卖出过过期奶。",
    ),
    (
        "core-interview-angry-08",
        "先听：客户电话里骂了十分钟，我没打断，没解释。\n复述：“您预约的师傅两次没来，请了两天假白等，这确实是我们的"
        "问题，对不起。”客户语气缓下来了。\n查原因：一查才知道派单系统把他的地址填错了区。\n方案：今天下午加急派人，"
        "或者改约您方便的时间再送一张维修券，您选。\n超权限：他要赔两天工资，我说这个得申请，明天中午前回复，主管批了"
        "三百。\n结果：当天下午修好，他说谢谢。\n跟进：一周后回访，机器正常。\n改进：建议派单时加地址复核，之后同类"
        "投诉少了一大半。",
    ),
    (
        "core-interview-angry-08",
        "我以前在驾校报名处。一个学员妈妈冲进来，说孩子的考试被我们排漏了，白请了一天假。我一句没顶，等她说完，跟她说："
        "“您特意请了假陪孩子来，结果名单上没有，搁谁都上火，这是我们的错，对不起。”她这才不嚷了。我去后台一看，原来是"
        "新系统导名单时漏了一批人。我给她两条路：下周三加考给孩子排上，或者全额退这次的考试费。她选了加考。她还要我们"
        "赔一天误工费，这不归我管，我说去问主任，下班前给她电话。主任批了一百。下周三孩子顺利考完，她还在家长群里夸了"
        "我们。我把这事写了份说明交给主任，提议导完名单要人工核对一遍，后来再没漏过人。",
    ),
    (
        "en-interview-turnaround-13",
        "At the hotel front desk, a guest came down furious because his room key had stopped working three times that "
        "night and he had an early flight. I didn't say a word until he'd finished. Then I said, \"You've been locked "
        "out three times, at one in the morning, before a six o'clock flight. I'm really sorry.\" He sighed and sat "
        "down. I pulled up the lock log and it turned out his card had been encoded for the wrong room block. I re-cut "
        "his key on the spot and walked up with him to test it, and in the meantime I got him a coffee so he wasn't "
        "standing around. He asked for the night free, which I couldn't approve, so I told him I'd ask the duty "
        "manager and have an answer before he checked out at five. The manager refunded half the night and I told him "
        "before he left. I rang his mobile the next afternoon to check he'd made his flight. Afterwards I reported to "
        "the manager that the encoder kept the last block by default, and they changed the setting so every key asks "
        "for the room; we haven't had a lockout like that since.",
    ),
    (
        "core-interview-cross-dept-10",
        "在一家连锁面包店做店长时，中央厨房老是晚送蛋糕胚，生日蛋糕的订单压了十几单，顾客天天打电话问。我先去厨房找师傅"
        "聊，原来他们两个裱花师傅辞职了，只剩一个人撑着。我把压着的订单按取货日期排了一下，挑出这周末要取的五单。然后我"
        "去找厨房主管当面商量：这五单先做，其余的等新师傅到了下周再集中做，我这边帮他们把订单要求提前打印好。他答应了，"
        "周末五单都按时取走了。顾客那边我没说是厨房拖的，只告诉每位哪天能取，做好一单就发个消息。后来我发现订单要求都是"
        "手写的，师傅要来回问，就跟老板提议改成统一的订单模板，之后厨房出错少了一大半。",
    ),
    (
        "core-interview-cross-dept-10",
        "例：物流理赔部两周没赔。\n- 先问原因：他们缺人，材料不全的单就搁着\n- 把12单列表：客户、金额、缺什么材料、"
        "承诺日期，挑出3单本周到期\n- 当面找理赔主管：我负责补齐材料，他先批这3单，其余下周一集中处理→当天批了\n"
        "- 对客户只说“周五前到账”，到账后逐个通知\n- 根因：报案模板缺必填项，推动改了，退件少了一半",
    ),
    (
        "core-interview-kpi-14",
        "我的看法是，平均通话时长只是用来看效率的一把尺子，我们真正要的是客户打一次电话就把事办完。不然他过两天还得再打"
        "进来，算下来占用的总时长更多，客户也更火大。常规的查进度、改地址，我用知识库的标准答复快速答完；复杂但当场能"
        "处理的，我一口气处理完，在工单里写明为什么长；要别的部门介入的，我跟客户讲清楚多久之内有答复，转出去以后由我"
        "盯着。我每周记下哪几类电话最长、长在哪里，整理给主管，建议把疑难来电的时长另外统计、补一批知识库条目，还提议"
        "把首次解决率和满意度一起考核。",
    ),
    (
        "en-interview-turnaround-13",
        "I used to wait tables. One evening a man was furious that his steak came out wrong twice. I let him finish "
        'without making excuses, then said, "You ordered it medium twice and got it well done both times, on your '
        "anniversary. I'm sorry, that's our mistake.\" He calmed down. I went to the kitchen and it turned out the new "
        "grill cook was reading the tickets upside down from the rail. While the new steak cooked I brought them a "
        "free starter. He asked for the whole meal free, which I couldn't approve, so I asked the owner and came back "
        "in five minutes: the mains were on the house. The steak was right that time and they left smiling. I called "
        "the next day to thank them and check they'd been happy. Then I suggested to the owner that tickets be "
        "clipped facing the grill, and we never had that mix-up again.",
    ),
    (
        "en-interview-turnaround-13",
        "- Gym member, third time his class booking vanished; he was shouting at the desk.\n- Let him get it all out, "
        "no excuses.\n- Said back: \"You've come in after work three times and found your spot gone. I'm sorry, "
        "that's on us.\"\n- Looked into it: turned out the app released unpaid holds at 5 pm, and his card had "
        "expired.\n- Meanwhile put him in tonight's class by hand.\n- He wanted three months free: not mine to give, "
        "took it to the manager, called him back within the hour: one month free.\n- Fixed the same evening; next "
        "morning I rang to check his booking held.\n- Flagged the expired-card gap to the app team; they added a "
        "warning email, and those complaints stopped.",
    ),
    (
        "core-interview-angry-08",
        "我们组碰到一个投诉：客户网购的婴儿车少了个轮子，孩子第二天就要用。客户电话里骂得很凶，我一直听着，没解释，她说完"
        "我说：“孩子明天就要用车，结果少个轮子，您肯定急死了，真对不起。”她情绪好了点。我查了发货记录，是仓库打包时漏装了"
        "配件。我让她选：今天下午给她闪送一个轮子，或者整车换新。她要闪送。她还要赔一百块，我说这超出我的权限，我找组长"
        "申请，一小时内回复她。组长批了五十元券。轮子下午三点就送到了，第二天我又打电话问她，装好了，她说谢谢。后来我们"
        "把这事报给仓库，建议打包时按配件清单逐项勾选，之后少配件的投诉基本没了。",
    ),
    (
        "core-interview-angry-08",
        "讲个我在银行柜台的事。一位老先生排了一个多小时队，轮到他系统又卡了，当场就拍柜台骂我们磨洋工。我没顶嘴，等他"
        "发完火，跟他说：“您这么大年纪排了一个多钟头，到跟前又办不了，换我也憋屈，真是抱歉。”他脸色缓了一些。我问了技术，"
        "说是网点网络掉线，十分钟能恢复。我跟他说两个办法：您先坐着喝口水，网一好我第一个给您办；要不我给您约明天上午的"
        "号，不用再排。他愿意等。他又要我们赔他误工费，这个我没权限，说去请示主任，十分钟内答复他，主任说误工费没有，但"
        "可以送他一份礼品。十分钟后网好了，他的业务五分钟办完，走的时候还说了声谢谢。后来我跟主任建议，网络出问题时大堂"
        "要马上发号分流，之后类似的吵闹少了很多。",
    ),
    (
        "core-interview-kpi-14",
        "看法：时长就是个参考，客户一次办好才是正经事；压时长让人带着问题挂了，回头还得打，总的更费时间。\n做法：\n"
        "- 简单的（查余额、改密码）：照知识库说，两分钟搞定\n- 难的：该查就查，一次弄明白，工单里写清为啥长\n"
        "- 要转别的部门：告诉客户几点前有人回，我自己盯着\n- 每周把超时的电话拉出来看是啥问题，发现多半是知识库里没写，"
        "报给主管补上\n- 建议别光看时长，把一次解决率、重复来电和满意度放一起看",
    ),
    (
        "core-interview-cross-dept-10",
        "我们是做家装的，设计部出图老拖，客户三天两头打电话催。我先去设计部转了一圈，一问才知道他们同时接了三个样板间，"
        "人根本排不开。我回来把等图的单子拉了个表，按客户约好的开工日期排了一下，挑出下周就要开工的四家。然后找设计总监"
        "当面商量，这四家这周先出图，其他的等样板间交了再集中出，我这边先把客户的户型和要求整理好给他们，省得他们来回问。"
        "他同意了，四家的图周五都出了。客户那边我没说是设计部拖的，只告诉每家哪天能看图，出一家就通知一家。后来我发现"
        "拖图多半是量房数据不全，建议量房时必须用统一的表格填完才能交，之后出图快了不少。",
    ),
    (
        "core-interview-beyond-authority-09",
        "开店卖家具时碰到过：顾客说沙发一个月就塌了，要退一赔三，不给就打12315。我先让他把情况讲完，问清楚是哪天买的、"
        "塌成什么样，为这个添堵的事跟他道了歉。我说：如果查出来是我们虚假宣传或者质量有安全问题，退一赔三有法律依据，我"
        "照实报；要是一般的质量问题，我能做的是退货退款或者换新。三倍这事我定不了，我马上找老板，今天六点前给您电话。他"
        "说要去投诉，我说那是您的权利，我照样给您办。六点前我打过去了，把结果和原因说清楚，记在本子上，三天后又回访了一次。",
    ),
]


@pytest.mark.parametrize(("question_id", "answer"), OUTSIDE_STORIES)
def test_a_story_outside_customer_service_in_its_own_words_earns_at_least_90_percent(question_id, answer):
    result = score_shipped(question_id, answer)
    assert not result.flags
    assert result.total / result.max >= 0.9, [(c.name, c.score, c.max, c.missing) for c in result.criteria]


@pytest.mark.parametrize(
    ("name", "point", "said", "not_said"),
    [
        ("先倾听、后共情", "先听完不解释", "我一句没辩解，等她骂完才开口。", "我没等他说完就跟他解释规则。"),
        (
            "查清原因、给出方案",
            "查明原因",
            "我去后厨一问，原来他们的单子被压在下面漏做了。",
            "我去后厨催了一下。",
        ),
        (
            "查清原因、给出方案",
            "给出可选方案",
            "我跟他说：马上给您优先做，或者您不想等了这单不收钱。",
            "我跟他说：马上给您优先做。",
        ),
        ("结果与跟进", "客户反应或跟进确认", "过了一周我又回访了一次，机器正常。", "之后我也没有回访。"),
        ("复盘改进", "推动源头改进", "第二天我跟老板提议出单要用夹子按时间排。", "第二天我跟老板说了这事。"),
        ("复盘改进", "改进效果", "后来再没出过漏单。", "后来还是常出漏单。"),
        # 再 written as 在, the commonest slip in typed Chinese
        (
            "结果与跟进",
            "客户反应或跟进确认",
            "过了两天我又在打了个电话问她用得怎么样。",
            "过了两天我在店里忙。",
        ),
        ("复盘改进", "推动源头改进", "后来我跟店长提，以后出单一定要写清桌号。", "后来我跟店长提了一嘴。"),
        # terse clauses: a cause found, a routine adopted since, an end of the problem, a superior asked
        ("查清原因、给出方案", "查明原因", "一查是打包的漏放了吸管。", "我先给她道了歉。"),
        ("复盘改进", "推动源头改进", "从那以后每单都先核对小票再封袋。", "从那以后我就更小心了。"),
        ("复盘改进", "推动源头改进", "我推动店里把旧封口机换掉了。", "我推动了一下。"),
        ("复盘改进", "改进效果", "之后没再错过。", "之后还是错过几次。"),
        (
            "查清原因、给出方案",
            "超出权限向主管申请并给时间",
            "她要免单，我得请示经理，一小时内回她电话。",
            "她要免单，我说一小时内回她电话。",
        ),
        (
            "先倾听、后共情",
            "复述具体的损失和感受",
            "我接着说：“您专门请了半天假来取，结果白跑一趟，实在抱歉。”",
            "我接着说：“实在抱歉。”",
        ),
    ],
)
def test_an_act_said_in_other_words_earns_its_key_point_and_its_absence_does_not(name, point, said, not_said):
    assert not any(point in m for m in _criterion("core-interview-angry-08", said, name).missing), said
    assert any(point in m for m in _criterion("core-interview-angry-08", not_said, name).missing), not_said


@pytest.mark.parametrize(
    ("question_id", "name", "point", "said", "not_said"),
    [
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "了解对方的处境",
            "先问原因：他们缺人，材料不全的单就搁着。",
            "先催原因：材料不全的单就搁着。",
        ),
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "了解对方的处境",
            "一问才知道后厨两个师傅请假了。",
            "一问才知道是我自己看错了。",
        ),
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "了解对方的处境",
            "我直接去质检组问她们卡在哪儿了。",
            "我直接去质检组让她们快点。",
        ),
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "了解对方的处境",
            "我找到物流组，打听他们是什么情况。",
            "我找到物流组，让他们今天必须办完。",
        ),
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "了解对方的处境",
            "原来是年底好几个人请假了。",
            "原来是年底客户特别多。",
        ),
        (
            "core-interview-cross-dept-10",
            "对客户的沟通",
            "不对客户说其他部门拖延",
            "对客户只说“周五前到账”。",
            "对客户只说是理赔部拖着，周五前到账。",
        ),
        (
            "core-interview-cross-dept-10",
            "对客户的沟通",
            "不对客户说其他部门拖延",
            "我回电给李先生，没说财务那边的情况，只讲周五前到账。",
            "我回电给李先生，说财务那边太慢，周五前到账。",
        ),
        (
            "core-interview-cross-dept-10",
            "找根因、防再发",
            "改进效果",
            "半年后，平均处理时间缩到了两天。",
            "半年后，平均处理时间还是没缩短。",
        ),
        (
            "core-interview-cross-dept-10",
            "对客户的沟通",
            "具体时间并逐一通知",
            "材料补齐后挨户回访了一遍。",
            "材料补齐后在群里发了个通知。",
        ),
        (
            "core-interview-cross-dept-10",
            "对客户的沟通",
            "不对客户说其他部门拖延",
            "对住户只讲哪天能装好。",
            "对住户只讲是工程部拖着。",
        ),
        (
            "core-interview-cross-dept-10",
            "提出双方都能接受的推进方案",
            "兼顾对方的分批方案",
            "我找他们组长商量先办那5单，其余月底一起办。",
            "我找他们组长商量把12单都尽快办了。",
        ),
        (
            "core-interview-cross-dept-10",
            "了解对方处境、整理事实",
            "整理清单找出最急的",
            "我把积压的单子列成表，圈出下周就到期的4单。",
            "我又发了一封邮件催他们。",
        ),
        (
            "core-interview-beyond-authority-09",
            "超出权限的部分",
            "坦白超出权限并马上申请",
            "十倍赔偿超出我权限，我实话实说，马上去找经理批。",
            "十倍赔偿我们一般不给，您看看别的办法。",
        ),
        (
            "core-interview-beyond-authority-09",
            "核实事实、依规定处理",
            "一般质量问题按权限处理",
            "要只是普通的质量毛病，我手里能给的换新加一张券，马上就办。",
            "要只是普通的质量毛病，您就等厂家来修吧。",
        ),
        (
            "core-interview-repeat-13",
            "查清为什么没解决",
            "修复后复发",
            "第二次是路由器坏了，换好就又断了。",
            "第二次是路由器坏了，换了一台。",
        ),
        (
            "core-interview-repeat-13",
            "查清为什么没解决",
            "只改状态没确认结果",
            "上次的同事装完就点了已完成，没请她开机试一下。",
            "上次的同事装完，请她开机试了一下。",
        ),
        (
            "core-interview-kpi-14",
            "对指标的认识",
            "时长是手段",
            "平均通话时长只是一把尺子，我们真正要的是客户打一次电话就把事办完。",
            "平均通话时长是最要紧的，电话越短越好。",
        ),
        (
            "core-interview-kpi-14",
            "用数据推动改进",
            "多指标一起衡量",
            "我提议把首次解决率和满意度一起考核。",
            "我提议把时长压得更短一些。",
        ),
    ],
)
def test_a_note_or_an_everyday_wording_of_an_interview_point_earns_it(
    question_id, name, point, said, not_said
):
    assert not any(point in m for m in _criterion(question_id, said, name).missing), said
    missed = _criterion(question_id, not_said, name)  # or the wrong act itself, a must_not of the criterion
    assert missed.violation or any(point in m for m in missed.missing), not_said


@pytest.mark.parametrize(
    ("name", "point", "said", "not_said"),
    [
        (
            "Listening and acknowledging",
            "Apologises for exactly that",
            "I'm sorry, that's our mistake.",
            "I'm sorry but that's the policy.",
        ),
        (
            "Finding the cause and fixing it",
            "Interim workaround",
            "Meanwhile I put him in tonight's class by hand.",
            "In the meantime I told him to wait.",
        ),
        (
            "Fixing the cause for others",
            "Reports the systemic cause",
            "I suggested to the owner that tickets be clipped facing the grill.",
            "I told the owner about it.",
        ),
        (
            "Fixing the cause for others",
            "Reports the systemic cause",
            "I suggested that every ticket be clipped facing the grill.",
            "I suggested that he should read the menu more carefully next time.",
        ),
        (
            "Fixing the cause for others",
            "What changed",
            "We never had that mix-up again.",
            "We still have that mix-up now and then.",
        ),
        # the gap told to those who own it
        (
            "Fixing the cause for others",
            "Reports the systemic cause",
            "Afterwards I flagged to the IT lead that online bookings weren't reaching the front desk.",
            "Afterwards I told the customer that online bookings weren't reaching the front desk.",
        ),
    ],
)
def test_an_english_story_says_its_acts_in_its_own_words(name, point, said, not_said):
    assert not any(point in m for m in _criterion("en-interview-turnaround-13", said, name).missing), said
    assert any(point in m for m in _criterion("en-interview-turnaround-13", not_said, name).missing), not_said


def test_a_note_heading_of_what_not_to_say_is_not_saying_it():
    notes = (
        "要点：\n1. 先安抚：刘女士，下周一就要去上海会诊，报告还没出，搁谁都急，说好三个工作日，晚了是我们不对。\n"
        "2. 查状态：尾号3390的增强CT片子已经拍完了，报告卡在医生审核这一步。\n"
        "3. 加急：我马上给影像科提加急，争取今天下午五点前出来。\n"
        "4. 取报告：出来后App上能直接看，或者去门诊一楼自助机打。\n"
        "5. 结果：我们客服没法看结果，也不能解读，出得慢不代表有问题，大多是审核排队；拿到报告找开单医生给您讲。\n"
        "6. 回电：五点前我打给您确认，工单号M0520-117。\n"
    )
    refused = _criterion("med-report-delay-01", notes + "不说：“应该没事吧”“最近人多您等等”。", "不解读结果")
    assert refused.score == refused.max and not refused.violation
    guessed = _criterion(
        "med-report-delay-01", notes + "我跟她说：“应该没事吧，最近人多您等等。”", "不解读结果"
    )
    assert guessed.score == 0 and guessed.violation


@pytest.mark.parametrize(
    ("question_id", "name", "point", "said", "not_said"),
    [
        (
            "core-interview-beyond-authority-09",
            "超出权限的部分",
            "坦白超出权限并马上申请",
            "三倍这事我定不了，我马上找老板，今天六点前给您电话。",
            "三倍这事我定不了，你自己去找12315吧。",
        ),
        (
            "core-interview-beyond-authority-09",
            "核实事实、依规定处理",
            "一般质量问题按权限处理",
            "要是一般的质量问题，我能做的是退货退款或者换新。",
            "要是一般的质量问题，那就没办法了。",
        ),
        (
            "core-interview-repeat-13",
            "查清为什么没解决",
            "修复后复发",
            "第二次师傅补了胶，但下雨又漏了。",
            "第二次师傅补了胶，之后就好了。",
        ),
        (
            "core-interview-repeat-13",
            "查清为什么没解决",
            "只改状态没确认结果",
            "原来第一次只是把单子签了没上门。",
            "原来第一次师傅上门修过了。",
        ),
    ],
)
def test_an_interview_act_in_a_story_of_ones_own_earns_its_key_point(
    question_id, name, point, said, not_said
):
    assert not any(point in m for m in _criterion(question_id, said, name).missing), said
    missed = _criterion(question_id, not_said, name)  # or the wrong act itself, a must_not of the criterion
    assert missed.violation or any(point in m for m in missed.missing), not_said


def test_an_apology_said_as_zhen_dui_bu_qi_is_an_apology_not_a_negation():
    name = "先倾听、后共情"
    said = _criterion("core-interview-angry-08", "我跟她说：“您肯定急死了，真对不起。”", name)
    assert not any("具体致歉" in m for m in said.missing)
    assert any(
        "具体致歉" in m
        for m in _criterion("core-interview-angry-08", "我跟她说：“您肯定急死了。”", name).missing
    )


@pytest.mark.parametrize(
    ("name", "point", "not_said"),
    [
        ("查清原因、给出方案", "给出可选方案", "我跟他说要么等要么走人。"),
        ("查清原因、给出方案", "给出可选方案", "我道歉了，还是没用。"),
        ("查清原因、给出方案", "查明原因", "客户很生气，原来说好三天到的。"),
        ("结果与跟进", "客户反应或跟进确认", "我没时间回访，让他下次再来。"),
        ("复盘改进", "推动源头改进", "我建议他以后要先看清楚再下单。"),
    ],
)
def test_the_words_of_an_act_in_a_wrong_answer_do_not_earn_it(name, point, not_said):
    assert any(point in m for m in _criterion("core-interview-angry-08", not_said, name).missing), not_said


def test_a_backlog_story_in_note_form_says_each_act():
    # terse notes of another story: who was asked and what they are busy with, the list sorted with what it
    # picked out, the team left unnamed to the customer, the cause stated and an automatic fix pushed
    notes = (
        "- 摸底：问仓库主管，他们正赶双十一备货；把40单按保修到期日排表，6单下周到期。\n"
        "- 对客户：不提仓库组，只说“周五前寄出”，寄出后挨个告知。\n"
        "- 根因：退货入库没人扫码；推动上线自动扫码提醒，同类积压从每周三十多单降到五六单。"
    )
    assert "没有" not in _criterion("core-interview-cross-dept-10", notes, "了解对方处境、整理事实").rationale
    assert (
        "没有不对客户说其他部门拖延"
        not in _criterion("core-interview-cross-dept-10", notes, "对客户的沟通").missing
    )
    assert "没有" not in _criterion("core-interview-cross-dept-10", notes, "找根因、防再发").rationale
    # a note that names nobody asked and nothing picked out does not say them
    bare = _criterion(
        "core-interview-cross-dept-10",
        "- 摸底：催了三次，仓库还没办；单子都排在后面。",
        "了解对方处境、整理事实",
    )
    assert bare.score <= 1


_criteria = criteria_by_id


def test_a_follow_up_call_promised_in_other_words_says_the_follow_up():
    by_id = _criteria(
        "gov-elderly-medical-filing-07",
        "何大爷，我把步骤发短信给您，工单号YB0620-3301。大后天我再给您打个电话，问问备案弄好了没有。",
    )
    assert "回访确认办成" in by_id["closure"].rationale.split("没有")[0], by_id["closure"].rationale
    # not calling again is no follow-up
    none = _criteria(
        "gov-elderly-medical-filing-07", "何大爷，我把步骤发短信给您。之后我也没再给您打电话问。"
    )
    assert "回访确认办成" not in none["closure"].rationale.split("没有")[0]


@pytest.mark.parametrize(
    ("question", "criterion", "point", "answer"),
    [
        (
            "food-foreign-object-01",
            "information",
            "封存剩余饭菜和包装",
            "林女士，剩下的饭和盒子、袋子都先别丢，密封好放冰箱保存，后面核查要用。",
        ),
        (
            "gov-elderly-medical-filing-07",
            "empathy",
            "安抚老人的着急情绪",
            "何大爷，您先喘口气，手机弄不好不是您的问题。",
        ),
        (
            "fin-data-deletion-09",
            "closure",
            "转信息安全部门核查",
            "推销电话的事我转交信息安全部门调查处理，查清是不是从我们这边出去的。",
        ),
        (
            "med-report-delay-01",
            "closure",
            "今天17点前回电",
            "刘女士，我下午五点前再给您回个电话，说说报告出没出。",
        ),
        ("logi-lost-camera-02", "solution", "提交理赔专员复核", "赵女士，我把您的情况交给理赔专员再审一遍。"),
        ("fin-auto-debit-02", "diagnosis", "批量问题", "这次扣款出错不只您一个人遇到，是系统的问题。"),
        (
            "food-foreign-object-01",
            "information",
            "封存剩余饭菜和包装",
            "· 留证：饭菜拍照；剩饭和包装袋密封留存，别扔。",
        ),
        ("fin-card-fraud-01", "empathy", "马上保护卡片和资金", "张先生别慌，我先把卡冻上，钱就保住了。"),
        (
            "logi-cold-chain-delay-01",
            "information",
            "长时间无更新不正常",
            "李先生，之后快两天轨迹一直没更新，属于异常。",
        ),
        (
            "gov-elderly-medical-filing-07",
            "empathy",
            "理解手机操作难",
            "何大爷，手机上弄不明白很正常，好多人都这样。",
        ),
        (
            "gov-water-outage-01",
            "information",
            "两家单位的说法",
            "周阿姨，物业和自来水公司分别是怎么跟您说的？",
        ),
        (
            "saas-login-outage-01",
            "diagnosis",
            "不猜测根因",
            "黄经理，原因还没查清之前我们不乱说，查清原因马上告诉您。",
        ),
    ],
)
def test_a_key_point_of_the_case_said_in_everyday_words_counts(question, criterion, point, answer):
    rationale = _criteria(question, answer)[criterion].rationale
    assert point in rationale.split("没有")[0], rationale


def test_hearing_the_customer_out_says_listen_first_and_find_the_loss():
    name = "先接住情绪和诉求"
    heard = _criterion(
        "core-interview-beyond-authority-09",
        "- 先稳住：等她把经过和损失都讲完，再就她说的具体损失道歉，不急着说不行。",
        name,
    )
    cut_off = _criterion(
        "core-interview-beyond-authority-09", "- 先稳住：我直接告诉她三倍赔偿不可能，让她别想了。", name
    )
    assert not any("先听完" in m for m in heard.missing), heard.rationale
    assert any("先听完" in m for m in cut_off.missing)


def test_pushing_the_customer_to_12315_or_the_maker_is_not_escalating():
    pushed = _criterion(
        "core-interview-beyond-authority-09",
        "三倍赔偿超出了我的权限。您要的话就直接去12315投诉吧，或者找生产厂家认定责任，那边裁定多少我们就配合赔多少。",
        "超出权限的部分",
    )
    assert pushed.score == 0 and pushed.violation
