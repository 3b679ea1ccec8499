"""The baseline of every start-up figure: a fresh process that imports only PySide6,
shows a QMainWindow holding an empty QTableView, paints it and says "shown". Nothing of
Bình Yên is imported (bench_ui and bench_scale start it as its own script)."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1280, 800)
    window.show()
    for _ in range(3):
        app.processEvents()
    print("shown", flush=True)
