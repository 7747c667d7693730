"""The domain model of bieumau: forms, indicators, periods, units and Vietnamese numbers.

Imports nothing else of the project; every other package builds on it.
"""
