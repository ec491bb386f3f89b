from provenance.boilerplate import furniture_spans, learn, line_key

STORY = "The ferry service resumed on Monday after a week of storms closed the harbour to all shipping traffic.\n"


def test_short_lines_common_to_many_articles_are_furniture():
    articles = [(f"a{n}", f"outlet{n}", f"Skip to main content\n{STORY} Story {n} text differs here entirely.") for n in range(3)]
    furniture = learn(articles)
    assert line_key("Skip to main content") in furniture
    # The long shared story line is copied prose, not furniture.
    assert line_key(STORY.strip()) not in furniture


def test_a_line_repeated_in_one_article_is_furniture():
    furniture = learn([("a", None, "Advertisement\nFirst paragraph of text.\nAdvertisement\nSecond paragraph.")])
    assert furniture[line_key("Advertisement")].reason == "repeated in one article"


def test_long_line_common_in_one_outlet_is_furniture():
    box = "The Editorial Staff at Example News is a team of writers who have covered the region for two decades now."
    articles = [(f"a{n}", "Example News", f"Story number {n} is about something else.\n{box}") for n in range(3)]
    furniture = learn(articles)
    assert furniture[line_key(box)].reason == "common in one outlet"
    text = articles[0][2]
    [(begin, end)] = furniture_spans(text, furniture)
    assert text[begin:end] == box


def test_keys_ignore_case_spacing_and_punctuation():
    assert line_key("Skip to main content") == line_key("  skip to MAIN content. ")
