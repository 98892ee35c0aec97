"""The benchmark (`python -m hadrut_kg.benchmark`) and its synthetic data generator. Outside the pipeline: may
import anything below it; nothing imports it but its tests."""
