"""accord.forecast"""
