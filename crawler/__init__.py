"""Crawling and parsing: pages (web, API, ParlParse XML) to turns. Scrapy only in spider modules."""
