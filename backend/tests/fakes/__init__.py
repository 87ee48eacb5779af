"""Loopback stand-ins for the cloud services, driven through their real client SDKs in tests."""
