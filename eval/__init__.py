"""Evaluation of the assistant: labelled data and the checks that score against it."""
