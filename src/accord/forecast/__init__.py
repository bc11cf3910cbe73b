"""Actor-based forecasting: KTAB's spatial model, BDM's expected utility model and
Stokman's exchange model on (capability, position, salience) actor tables.

>>> from accord.forecast import models
>>> sorted(models())
['eum', 'exchange', 'smp']
"""

from accord.forecast.actors import ActorTable
from accord.forecast.eum import run_eum
from accord.forecast.exchange import run_exchange
from accord.forecast.registry import ModelMeta, get_model, models, register_model, run_forecast
from accord.forecast.result import Forecast
from accord.forecast.scenario import actor_table_from_forecast, actor_table_from_scenario
from accord.forecast.smp import run_smp

__all__ = [
    "ActorTable",
    "Forecast",
    "ModelMeta",
    "actor_table_from_forecast",
    "actor_table_from_scenario",
    "get_model",
    "models",
    "register_model",
    "run_eum",
    "run_exchange",
    "run_forecast",
    "run_smp",
]
