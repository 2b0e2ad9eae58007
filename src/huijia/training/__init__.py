"""The project's own training data, training and evaluation (`huijia train`, `huijia eval`)."""
