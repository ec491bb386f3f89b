"""What the Spark engine says when it cannot run: one line, without PySpark installed."""

from typer.testing import CliRunner

from provenance.cli import app
from provenance.spark.session import describe


class _JavaError(Exception):
    """Stands in for py4j's Py4JJavaError: a Python text with the Java stack, and the Java exception."""

    class _Exception:
        def getMessage(self):
            return "No FileSystem for scheme \"nosuch\""

    java_exception = _Exception()


def test_describe_keeps_the_java_message_rather_than_the_stack():
    failure = _JavaError("An error occurred while calling o42.load.\n\tat org.apache.hadoop.fs.FileSystem\n\tat ...")
    assert describe(failure) == 'No FileSystem for scheme "nosuch"'


def test_describe_keeps_the_first_line_of_a_python_side_failure():
    failure = RuntimeError("[PATH_NOT_FOUND] Path does not exist: s3a://news/x.jsonl.  \nJVM stacktrace:\n...")
    assert describe(failure) == "[PATH_NOT_FOUND] Path does not exist: s3a://news/x.jsonl."


def test_standard_input_and_feed_urls_are_refused_before_spark_starts(tmp_path):
    for source in ("-", "https://news.example/feed.xml"):
        result = CliRunner().invoke(app, ["scan", "--engine", "spark", source, "--out", str(tmp_path / "t")])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
        assert repr(source) in result.stderr and "embedded engine" in result.stderr
