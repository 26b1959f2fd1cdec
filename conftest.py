"""pytest settings shared by the notebook tests (nbval over lessons/ and solutions/)."""
from autograd_edu.grading import RECORD_MIME


def pytest_collectstart(collector):
    """nbval compares every output of a notebook with the stored one. The grader's records
    (a check's values and timing, machine data read only by the grader) are left out; the
    PASS/FAIL lines a student reads are still compared."""
    if hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, RECORD_MIME)
