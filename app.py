"""Citra: entry point (navigation, language, shared sidebar)."""

import streamlit as st

st.set_page_config(page_title="Citra", layout="wide")
st.title("Citra")
st.write("Pemantau citra publik / public-reaction monitor.")
