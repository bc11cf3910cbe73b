"""Built-in strategies (importing this package registers them)."""

from accord.negotiation.strategies.hardliner import Hardliner
from accord.negotiation.strategies.micro import MiCRO
from accord.negotiation.strategies.random import RandomStrategy
from accord.negotiation.strategies.staller import Staller
from accord.negotiation.strategies.tied_hands import TiedHands
from accord.negotiation.strategies.time_dependent import Boulware, Conceder, Linear, TimeDependent
from accord.negotiation.strategies.tit_for_tat import TitForTat

__all__ = [
    "Boulware",
    "Conceder",
    "Hardliner",
    "Linear",
    "MiCRO",
    "RandomStrategy",
    "Staller",
    "TiedHands",
    "TimeDependent",
    "TitForTat",
]
