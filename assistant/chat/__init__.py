"""The Streamlit chat: tabs, cards, briefing notes, feedback."""
