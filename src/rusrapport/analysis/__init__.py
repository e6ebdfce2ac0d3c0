"""Analyses shared by chapters: tidy tables the figures and prose are made from."""
