/*
 * The image forms' "Dekorativt billede (ingen alternativ tekst)" box
 * (movement/editing/alt_text.py): the alt text field is required in the
 * browser unless the box is checked. Delegated from the document, because
 * the chooser's upload tab and the multiple uploader draw their forms later.
 * The server checks the same rule; typed alt text is never cleared here
 * (alt text and the box together get a form error instead).
 */
(function () {
    'use strict';

    function sync(box) {
        var form = box.form;
        if (!form) {
            return;
        }
        var fields = form.querySelectorAll('[data-movement-alt-text]');
        for (var i = 0; i < fields.length; i++) {
            fields[i].required = !box.checked;
        }
    }

    document.addEventListener('change', function (event) {
        var target = event.target;
        if (target && target.matches && target.matches('input[data-movement-decorative]')) {
            sync(target);
        }
    }, true);
})();
