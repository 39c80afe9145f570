"""Score a folder of resumes: one per-file function (the library's pipeline), two engines (a local process pool, a
Dask cluster), one table.

    walk.py      which files under the folder are resumes, and what each is called
    work.py      what a worker does with one resume (api.score and api.render in a process killed at the limits)
    engines.py   the local pool and the Dask cluster, chunks in flight bounded
    journal.py   the journal every finished resume is appended to, so a re-run only does what changed
    outputs.py   results, summary, profiles, errors, the cohort page and the manifest, built from the journal
    run.py       score_folder: one run, from the walk to the outputs
"""

from .outputs import BatchSummary, RESULT_COLUMNS
from .run import score_folder
from .walk import display_name, find_resumes, report_name
from .work import BatchOptions, score_chunk, score_one

__all__ = ["BatchOptions", "BatchSummary", "RESULT_COLUMNS", "display_name", "find_resumes", "report_name",
           "score_chunk", "score_folder", "score_one"]
