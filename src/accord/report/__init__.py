"""accord.report"""
