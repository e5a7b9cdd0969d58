"""Readers, the quality gate and loading: the exports into the warehouse (python -m pipelines)."""

STOPPED = "Đã dừng (Ctrl-C): kho dữ liệu giữ nguyên như trước lệnh này."  # what Ctrl-C says, whenever it comes
