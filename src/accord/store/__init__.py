"""accord.store"""
