"""revrec: ASC 606 contract review and memo drafting.

The pipeline, one module per stage:

    ingest   (PDF -> Document)
    extract  (Document -> ContractTerms)
    engine   (ContractTerms -> Analysis)
    render   (Analysis -> memo)
    review   (the CLI's batch runner tying the stages together)
"""

__version__ = "0.1.0"
