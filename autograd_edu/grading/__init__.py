'''Auto-graded exercises: `check()` in the notebook, `release` and `grade` from the shell.

Writing an assignment (one notebook, `solutions/NAME.ipynb`, the only file you edit)
----------------------------------------------------------------------------------
Cells carry nbgrader metadata (`metadata.nbgrader`: grade_id, points, solution, grade, locked,
schema_version 3), so nbgrader can use the notebooks as they are. Three kinds of cells:

A locked setup cell (grade_id "setup", locked: true):

    import numpy as np
    from autograd_edu.grading import check, numerical_grad
    X = np.array([0.5, -1.0, 2.0])

An answer cell (grade_id "q1_answer", solution: true). `release` replaces each marked region by
`# YOUR CODE HERE` / `raise NotImplementedError()` at the marker's indent (a Markdown answer cell
becomes "YOUR ANSWER HERE"; it is kept for manual review, not auto-graded):

    def grad_f(x):
        ### BEGIN SOLUTION
        return 2 * x * np.sin(x) + x**2 * np.cos(x)
        ### END SOLUTION

A test cell (grade_id "q1", grade: true, solution: false, locked: true, points: 3), whose
`check` calls add up to its points. The hidden part, at column 0 and at the end of the cell, is
removed from the student's copy and runs only when graded:

    check("q1: grad_f matches finite differences of your f", lambda: grad_f(X),
          lambda: numerical_grad(f, X), points=1)          # public: decided in the notebook
    check("q1: f(X)", lambda: f(X), points=1)              # compared with the solution when graded
    ### BEGIN HIDDEN TESTS
    check("q1: grad_f on a hidden grid", lambda: grad_f(np.linspace(-2, 2, 5)), points=1)
    ### END HIDDEN TESTS

`check(name, actual, expected=None, *, points=1, rtol=1e-5, atol=1e-8, exact_dtype=True)`:
- with `expected`, the check is decided in the notebook and the student sees pass/fail with the
  reason (shape, dtype, first mismatching index and both values, the exception raised). Use it
  only for what reveals no answer: the student's backward against `numerical_grad` of their own
  forward, an identity (`softmax(Z).sum(1)` against ones), the engine's built-in op.
- without `expected`, the student's value is compared with the value the *solution* records
  when the grader runs it; the student sees "compared with the reference when graded".
- with `decimals=2, digest="..."`, for an answer worked out by hand: the student's answer, rounded
  to 2 decimal places, is decided in the notebook by its digest, which does not show the answer
  (compute it once with `digest(answer, 2)` from the solution's answer; the grader refuses a
  digest that does not match, or an answer too near a rounding tie). Say the precision in the
  question ("to two decimal places"); the grader compares the same rounded values.
- `hint="..."`: one line printed under a failing check (and added to the feedback): the usual
  mistake, without the answer. Give every question's main check one.
- pass `lambda: ...` rather than a value, so an exception is reported on that check's line and
  the cell's other checks still run. Names must be unique within a test cell.
- tolerances, points and modes are taken from the solution's run, never from the student's.

`require(name, problem, *, points=1, hint=None)`: `problem` returns None when all is well, else a
sentence for a beginner ("expected a Python float or NumPy float, got Tensor"; `number_problem`
and `descent_problem` write the common ones). Decided in the notebook and again when graded. Prefer it to a `check` against
True, whose only message is "got False, expected True".

Every question needs a check decided in the notebook that a plausible wrong answer fails
(tests/test_exercise_feedback.py runs each wrong answer of tests/exercise_wrong_answers there).

Shell: `autograd-edu release solutions exercises`, `autograd-edu grade SUBMISSIONS --assignment
NAME --out DIR --jobs 2`, `autograd-edu check NOTEBOOK`. See docs/instructor.md.

How grading stays honest: the student's kernel only *reports values* (a display output with the
mimetype `RECORD_MIME`, read only from the template's own test cells); the grader compares them
in its own process. Modules: authoring (markers and metadata rules), release, template (splicing
answers into the solutions), launcher/worker/runner (the kernel), sandbox (what confines it),
values (encoding and comparison), scoring (points), names (student and file names), report
(files), batch (the whole run), storage (atomic writes).
'''
from .authoring import AuthoringError
from .checks import RECORD_MIME, check, descent_problem, number_problem, numerical_grad, require
from .values import digest

__all__ = ["check", "require", "number_problem", "descent_problem", "numerical_grad", "digest",
           "AuthoringError", "RECORD_MIME"]
