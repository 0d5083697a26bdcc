"""Streamlit-aware helpers of the app: state, language, formatting, the cached engine, field errors.

Pages import from here and from core's public API only; core/ never imports streamlit.
"""
