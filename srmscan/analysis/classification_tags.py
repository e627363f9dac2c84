"""Data classification the owner declared on a resource with a tag, where no provider API says what a resource
holds (Defender's sensitive data discovery results have no public read API): a tag such as
`data-classification: confidential` marks it as holding sensitive data. The keys and values below are the common
spellings; the config file will let a team name its own."""

from __future__ import annotations

TAG_KEYS = frozenset({"data-classification", "dataclassification", "data_classification", "classification",
                      "sensitivity", "data-sensitivity", "datasensitivity"})
SENSITIVE_VALUES = frozenset({"confidential", "highly-confidential", "highly confidential", "highlyconfidential",
                              "restricted", "secret", "sensitive", "pii", "phi", "pci"})


def declared_sensitive(tags: dict | None) -> str | None:
    """`key=value` of the tag that declares the resource sensitive, or None."""
    for key, value in (tags or {}).items():
        if str(key).strip().lower() in TAG_KEYS and str(value).strip().lower() in SENSITIVE_VALUES:
            return f"{key}={value}"
    return None
