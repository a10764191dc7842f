"""The audit's bookkeeping (tests/a11y/axe.py), without a browser: the pinned axe-core,
what counts as a text alternative, and the per-run summary the lead quotes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from . import axe


def _violation(rule: str, impact: str, course: bool, target: str = '["#x"]') -> axe.Violation:
    return axe.Violation(
        rule=rule, impact=impact, help=f"help for {rule}", help_url="", tags=["wcag2a"],
        target=target, html="<x>", summary="", course=course,
    )  # fmt: skip


def _result(name: str, surface: str, *violations: axe.Violation) -> axe.AuditResult:
    return axe.AuditResult(
        name=name, surface=surface, url="http://127.0.0.1/", axe_version="4.x", seconds=0.5,
        violations=list(violations),
    )  # fmt: skip


def test_axe_core_is_pinned_and_installed_by_npm_ci():
    package = json.loads(axe.PACKAGE.read_text())
    version = axe.pinned_version()
    assert package["dependencies"] == {"axe-core": version}  # an exact version, no range
    lock = json.loads(axe.LOCK.read_text())["packages"]["node_modules/axe-core"]
    assert lock["integrity"].startswith("sha512-")
    gitignore = (axe.REPO / ".gitignore").read_text().splitlines()
    assert "node_modules/" in gitignore
    makefile = (axe.REPO / "Makefile").read_text()
    assert "A11Y := tests/a11y" in makefile and "$(A11Y)/axe.py --install" in makefile
    for target in ("setup", "test", "browser"):
        assert re.search(rf"^{target}: .*\$\(A11Y_STAMP\)", makefile, re.M), target


@pytest.mark.parametrize(
    ("alt", "why"),
    [
        (None, "no alt"),
        ("", "decorative"),
        ("  ", "decorative"),
        ("Image", "placeholder"),
        ("figure", "placeholder"),
        ("../_images/9dc92cbbf576dbc9afc53d81bc6f60a3f2bfb9176f5aca22e86c09b976976b2c.png", "placeholder"),
        ("<Figure size 640x480 with 1 Axes>", "placeholder"),
        ("Loss against step: it falls from 2.3 to 0.1 by step 40.", None),
    ],
)  # fmt: skip
def test_weak_alt(alt: str | None, why: str | None):
    found = axe.weak_alt(alt)
    assert (found is None) if why is None else (why in (found or "")), found


def test_results_split_course_content_from_the_rest():
    result = _result(
        "lab__x", "jupyterlab",
        _violation("image-alt", "critical", True),
        _violation("color-contrast", "serious", True),
        _violation("region", "moderate", True),
        _violation("aria-allowed-attr", "critical", False),
    )  # fmt: skip
    assert [v.rule for v in result.blocking] == ["image-alt", "color-contrast"]
    assert axe.counts_by_impact(result.course) == {
        "critical": 1, "serious": 1, "moderate": 1, "minor": 0
    }  # fmt: skip
    assert axe.counts_by_impact(result.ui)["critical"] == 1
    message = result.failure_message()
    assert "2 serious/critical" in message and "image-alt" in message and "region" not in message


def test_summary_counts_the_latest_audit_of_each_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "notes.json").write_text("{}")  # not an audit: ignored
    axe.record(_result("lab__a", "jupyterlab",
                       _violation("image-alt", "critical", True),
                       _violation("aria-input-field-name", "serious", False, '["#cell1"]'),
                       _violation("aria-input-field-name", "serious", False, '["#cell2"]')),
               tmp_path)  # fmt: skip
    axe.record(_result("site__b", "site", _violation("label-content-name-mismatch", "serious", False)),
               tmp_path)  # fmt: skip
    summary = json.loads((tmp_path / axe.SUMMARY).read_text())
    assert summary["audits"] == 2
    assert summary["course_content"]["critical"] == 1 and summary["course_content"]["total"] == 1
    ui = summary["jupyterlab_and_theme"]
    assert (ui["serious"], ui["total"], ui["pages_with_violations"]) == (3, 3, 2)
    assert ui["rules"]["aria-input-field-name"]["nodes"] == 2
    assert ui["rules"]["aria-input-field-name"]["targets"] == ['["#cell1"]', '["#cell2"]']
    assert summary["by_surface"]["site"]["own_ui"]["serious"] == 1
    assert summary["by_surface"]["jupyterlab"]["course_content"]["critical"] == 1
    assert summary["per_audit"]["lab__a"]["course_content"]["critical"] == 1

    # Another pytest session (side by side, or later) re-audits one page: its new result
    # replaces that page's, and the other page's audit is kept.
    monkeypatch.setattr(axe, "RUN_ID", "another-session")
    axe.record(_result("lab__a", "jupyterlab"), tmp_path)
    summary = json.loads((tmp_path / axe.SUMMARY).read_text())
    assert summary["audits"] == 2 and summary["course_content"]["total"] == 0
    assert summary["jupyterlab_and_theme"]["total"] == 1  # site__b's
    assert sorted(summary["runs"]) == sorted(["another-session", json.loads(
        (tmp_path / "site__b.json").read_text())["run"]])  # fmt: skip


def test_audit_rejects_an_unknown_surface():
    with pytest.raises(ValueError, match="surface="):
        axe.audit(object(), "x", surface="notebook", course_selector="body")
