"""accord.negotiation"""
