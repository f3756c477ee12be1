"""Role-play complaint simulations: scenarios, simulated customers and the end-of-session scorecard."""
