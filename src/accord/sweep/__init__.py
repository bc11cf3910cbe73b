"""accord.sweep"""
