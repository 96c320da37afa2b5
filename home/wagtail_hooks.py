"""Admin hooks of the home app: the permission checks Wagtail's own screens lack
(``home.admin_gaps``)."""

from wagtail import hooks

from home.admin_gaps import refuse_a_move_the_user_may_not_make

hooks.register("before_move_page", refuse_a_move_the_user_may_not_make)
