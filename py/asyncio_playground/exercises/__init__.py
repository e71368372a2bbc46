"""Lesson exercises: the facts of a watched run, and each exercise's check."""
