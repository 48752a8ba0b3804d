"""notebooks/explore.ipynb runs headless on a real crawl's dataset and draws its figures; the committed copy is executed."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
FIGURES = 2  # articles per month by category; date mentions by year


def figures(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in output.get("data", {}) for cell in notebook.cells for output in cell.get("outputs", []))


def test_the_notebook_runs_on_a_crawled_dataset_and_draws_its_figures(demo_dataset, monkeypatch):
    monkeypatch.setenv("SINMUN_DATASET", str(demo_dataset))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    assert figures(notebook) == FIGURES
    assert any("32 articles from 1 site(s)" in output.get("text", "") for output in outputs)


def test_the_committed_notebook_is_executed_so_its_figures_show_on_a_code_host():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)
    assert figures(notebook) == FIGURES
