"""The Streamlit dashboard: pages that only render, and the helpers they share."""
