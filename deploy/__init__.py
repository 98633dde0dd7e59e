"""Deployment for a team: replicas behind HAProxy under a sub-path (see README, "Deploy for a team").

A package so the container's health check (`python -m deploy.healthcheck`) and
the tests import the same settings (`deploy.settings`) the shipped files use.
"""
