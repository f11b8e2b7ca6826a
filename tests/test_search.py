"""CJK bigram search helpers: what goes into the index and what a query becomes."""

from xhduty.core import search


def test_terms_are_bigrams_of_chinese_runs_and_whole_latin_words():
    assert search.terms("有限空间") == ["有限", "限空", "空间"]
    assert search.terms("火") == ["火"]
    assert search.terms("Ｂ２栋 起火") == ["b2", "栋", "起火"]  # full-width folded, runs split at latin


def test_phrase_query_needs_each_typed_part_verbatim():
    assert search.phrase_query("有限空间") == '"有限 限空 空间"'
    assert search.phrase_query("液化石油气 断供") == '"液化 化石 石油 油气" AND "断供"'
    assert search.phrase_query("火") == '"火"*'
    assert search.phrase_query("，。") is None


def test_question_words_drop_out_and_unknown_words_back_off_to_characters():
    assert "怎么" not in search.content_terms("地下车库进水怎么办")
    indexed = {"地下", "车库", "进水", "污染"}
    # 库进 is not in the index but both its characters are covered by indexed bigrams
    assert search.with_backoff("地下车库进水怎么办", indexed) == ["地下", "车库", "进水"]
    # 排污 is not in the index: its characters stand in for it
    assert search.with_backoff("排污", indexed) == ["排", "污"]


def test_coverage_counts_share_of_query_terms_present():
    assert search.coverage(["地下", "车库"], "地下 下车 车库") == 1.0
    assert search.coverage(["地下", "车库"], "地下 下室") == 0.5
    assert search.coverage(["排"], "排放 污染") == 1.0  # a lone character matches the bigrams it starts


def test_excerpt_centres_on_matches_and_marks_them():
    text = "前言" * 100 + "发现地下车库进水时立即关闭出入口" + "附则" * 100
    snippet, spans = search.excerpt(text, ["地下", "车库", "进水"], width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert search.marked(snippet, spans).count("【地下车库进水】") == 1
