"""newsarchiver's settings plus one pipeline after ours, as README's "Your own pipeline" shows:
``SCRAPY_SETTINGS_MODULE=tests.feed_settings scrapy crawl repost ...`` from the project root."""

from newsarchiver.settings import *  # noqa: F403

ITEM_PIPELINES = {**ITEM_PIPELINES, "tests.feed_pipeline.RecordCopyPipeline": 1000}  # noqa: F405
