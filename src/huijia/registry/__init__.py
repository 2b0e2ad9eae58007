"""The missing-children registry: ranking candidates (`ranking`); records, alerts and pages follow."""
