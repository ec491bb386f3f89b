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


# A wire brief of one-sentence paragraphs, every line short (12 words or fewer): our own words.
BRIEF = [
    "The harbour authority closed the north quay on Tuesday morning.",
    "Inspectors found cracks in two of the older mooring posts.",
    "Ferries will use the south quay until repairs are finished.",
    '"We expect the work to take about three weeks," a spokesperson said.',
    "Freight traffic is not affected by the closure, the authority added.",
]
MENU = ["Home", "World", "Business", "Share this article", "Subscribe to our newsletter", "Most read"]


def _spans_text(text, furniture):
    return [text[begin:end] for begin, end in furniture_spans(text, furniture)]


def test_a_brief_of_short_paragraphs_republished_three_times_is_prose_not_furniture():
    """Every line is short and stands in three articles, so each is learned as furniture; together they read as prose."""
    text = "\n\n".join(BRIEF)
    furniture = learn([(f"a{n}", f"outlet{n}", text) for n in range(3)])
    assert all(line_key(line) in furniture for line in BRIEF)
    assert _spans_text(text, furniture) == []


def test_menus_and_share_buttons_beside_prose_stay_furniture():
    """Lines of a few words that end no sentence break a block of prose, however many there are."""
    articles = [(f"a{n}", f"outlet{n}", "\n".join([*MENU, f"{STORY.strip()} Story {n} differs.", *MENU])) for n in range(3)]
    furniture = learn(articles)
    assert _spans_text(articles[0][2], furniture) == MENU + MENU


def test_one_furniture_line_inside_prose_stays_furniture():
    """A newsletter plea between two paragraphs is one line of furniture, not a run of copied paragraphs."""
    plea = "Sign up for our morning newsletter. It is free."
    articles = [
        (f"a{n}", f"outlet{n}", f"{STORY.strip()} Part {n} of the story.\n{plea}\nThe second paragraph of story {n} follows here now.")
        for n in range(3)
    ]
    furniture = learn(articles)
    assert _spans_text(articles[1][2], furniture) == [plea]


def test_a_block_of_figures_is_not_prose():
    """Decimal points are not sentence ends: a table of short figures lines stays furniture."""
    table = ["Shr 1.22 dlrs vs 1.05 dlrs", "Net 4.5 mln vs 3.9 mln", "Revs 88.1 mln vs 80.2 mln", "Avg shrs 3.7 mln vs 3.7 mln"] * 3
    articles = [(f"a{n}", f"outlet{n}", "\n".join(table)) for n in range(3)]
    furniture = learn(articles)
    assert _spans_text(articles[0][2], furniture) == table


def test_hard_wrapped_formula_lines_stay_furniture():
    """Found on the Reuters set: wrapped lines of bond announcements, each common, end no sentence of their own.
    Released as prose, they matched hundreds of announcements that share only their formula."""
    formula = [
        "The non-callable bonds will be issued in denominations of",
        "1,000 and 10,000 dlrs and will be listed in Luxembourg.",
        "The selling concession is one pct while management and",
        "underwriting combined pays 5/8 pct. Payment date is July 1.",
    ]
    articles = [(f"a{n}", f"outlet{n}", "\n".join([f"Borrower number {n} is issuing a bond this week, dealers said.", *formula])) for n in range(3)]
    furniture = learn(articles)
    assert _spans_text(articles[0][2], furniture) == formula
