"""Scrapy commands of this project (``COMMANDS_MODULE``): ``crawl`` checks spider arguments before it starts."""
