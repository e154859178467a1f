"""The suggestion tools of a coding window, installed with one call from the window.

Codes › Suggestions holds the list (the dock, made on first use), the four keys and Propagate After
Coding; Tools holds Suggest Codes…, Train Model… (the current coder's model of the kind asked, off the
GUI thread) and Model Quality… (its figures; the window, with matplotlib, is imported on first use).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction

from .propagate_after import PropagateAfterCoding
from .suggest_flow import SuggestFlow
from .suggestion_keys import SuggestionKeys
from .train_flow import TrainFlow


class SuggestionTools:
    def __init__(self, window):
        self.window = window
        self.keys = SuggestionKeys(window)
        self.flow = SuggestFlow(window)
        self.propagate = PropagateAfterCoding(window, self.keys.propagate_action)
        menu = window.menu("Codes").addMenu("Su&ggestions")
        self.list_action = QAction("Suggestions &List", window)
        self.list_action.setObjectName("suggestionsListAction")
        self.list_action.triggered.connect(self.show_panel)
        menu.addAction(self.list_action)
        menu.addSeparator()
        menu.addActions(self.keys.actions)
        menu.addSeparator()
        menu.addAction(self.keys.propagate_action)
        self.suggest_action = window.add_tool_action("Tools", "Su&ggest Codes…", self.flow.ask)
        self.suggest_action.setObjectName("suggestCodesAction")
        self.train = TrainFlow(window)
        self.train.trained.connect(self.show_quality)
        self.train_action = self.add_train_action(self.train.ask)
        self.quality_action = QAction("Model &Quality…", window)
        self.quality_action.setObjectName("modelQualityAction")
        self.quality_action.triggered.connect(lambda: self.show_quality())
        window.menu("Tools").insertAction(self._after(self.train_action), self.quality_action)

    def show_panel(self):
        from .suggestions_panel import show_suggestions_panel

        return show_suggestions_panel(self.window)

    def show_quality(self, model=None):
        """Model Quality for ``model``, or the current coder's stored one."""
        from .model_quality import show_model_quality

        return show_model_quality(self.window, model)

    def add_train_action(self, train: Callable[[], None]) -> QAction:
        """Tools › Train Model…, right after Suggest Codes…, calling ``train()``."""
        action = QAction("&Train Model…", self.window)
        action.setObjectName("trainModelAction")
        action.triggered.connect(train)
        self.window.menu("Tools").insertAction(self._after(self.suggest_action), action)
        return action

    def _after(self, action: QAction):
        actions = self.window.menu("Tools").actions()
        i = actions.index(action)
        return actions[i + 1] if i + 1 < len(actions) else None

    def stop(self) -> None:
        self.propagate.stop()
        self.train.stop()
