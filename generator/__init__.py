"""Records as code for university cadres' contact with students and teachers (联系师生工作记录)."""

__version__ = "0.1.0"
