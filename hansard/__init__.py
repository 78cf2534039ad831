"""hansard-qa: archive and search the oral questions and answers of UK Parliament's Hansard."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/hansard-qa/hansard-qa"
