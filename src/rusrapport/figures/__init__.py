"""House style and chart types; every chart also writes its data (through the chapter)."""

from rusrapport.figures.charts import bar_chart, column_chart, line_chart, to_svg

__all__ = ["bar_chart", "column_chart", "line_chart", "to_svg"]
