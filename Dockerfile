# One replica of the dashboard. deploy/compose.yaml runs several behind HAProxy under a sub-path;
# `docker build -t hcai-dashboard .` then `docker run -p 8501:8501 hcai-dashboard` runs one alone
# at http://localhost:8501/china-ai/. The start command, port, sub-path and health check are the
# ones tests/deploy/ runs (deploy/settings.py; tests/test_deploy_files.py keeps them equal).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first: code changes do not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The app's files stay owned by root: the server, running as an unprivileged user, cannot change them.
COPY .streamlit .streamlit
COPY app.py ./
COPY assets assets
COPY components components
COPY data data
COPY deploy deploy
COPY pages pages
COPY static static
COPY tools tools
RUN useradd --create-home --uid 10001 dashboard
USER dashboard

# Streamlit reads STREAMLIT_<SECTION>_<OPTION>; compose overrides the sub-path per deployment.
ENV STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_BASE_URL_PATH=/china-ai
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-m", "deploy.healthcheck"]
CMD ["python", "tools/serve.py"]
