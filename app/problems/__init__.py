"""The problem bank: YAML files under problems/, validated, and mirrored into the database for the pages."""
from app.problems.bank import Problem, ProblemError, TestCase, get, load_all

__all__ = ["Problem", "ProblemError", "TestCase", "get", "load_all"]
