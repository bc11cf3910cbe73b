"""accord's own forecasting models, registered in :data:`accord.forecast.registry.MODELS`
(imported by the registry on first use, and named by accord's entry points)."""

from __future__ import annotations

from accord.forecast.eum import run_eum
from accord.forecast.exchange import run_exchange
from accord.forecast.registry import MODELS, ModelMeta
from accord.forecast.smp import run_smp

SMP = ModelMeta(
    "smp",
    "KTAB Spatial Model of Politics",
    False,
    ("Wise, Lester, Ye & Mukherjee (2015), KAPSARC KTAB",),
    run_smp,
)
EUM = ModelMeta(
    "eum",
    "Bueno de Mesquita expected utility (Scholz variant)",
    False,
    (
        "Bueno de Mesquita (1994)",
        "Scholz, Calbert & Smith (2011), J. Theor. Politics 23(4):510",
    ),
    run_eum,
)
EXCHANGE = ModelMeta(
    "exchange",
    "Stokman exchange model (Equal Gain)",
    True,
    ("Stokman & van Oosten (1994)", "decide-exchange-model 2022.1.28"),
    run_exchange,
)

for _model in (SMP, EUM, EXCHANGE):
    MODELS.add(_model.name, _model)
