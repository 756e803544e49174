// The filing form: without photos it is posted url-encoded, so that the server has no multipart
// body to parse (the form's enctype stays multipart for photos, and without JavaScript).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("gd-complaint-form")) return;
  if (event.submitter && event.submitter.hasAttribute("formenctype")) return; // follow buttons say their own
  var photos = form.querySelector('input[type="file"]');
  var withPhotos = photos && photos.files && photos.files.length > 0;
  form.enctype = withPhotos ? "multipart/form-data" : "application/x-www-form-urlencoded";
});
