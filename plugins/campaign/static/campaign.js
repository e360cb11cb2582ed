/* Campaign countdown: shows the time left before each open banner's deadline
   and closes the banner when the deadline passes, without a reload.
   The page is complete without it; this only keeps it current. */
(function () {
  "use strict";
  var MINUTE = 60000;
  var banners = [].slice.call(
    document.querySelectorAll(".campaign-banner[data-campaign-state=open]")
  );

  function count(n, unit) {
    return n + " " + unit + (n === 1 ? "" : "s");
  }

  // Rounded down, never more than is left: 59.9 seconds is "59 seconds", 89
  // seconds "1 minute". Seconds only in the last minute.
  function timeLeft(ms) {
    if (ms < MINUTE) return count(Math.floor(ms / 1000), "second");
    var minutes = Math.floor(ms / MINUTE);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    minutes %= 60;
    if (days) return count(days, "day") + (hours ? ", " + count(hours, "hour") : "");
    if (hours) return count(hours, "hour") + (minutes ? ", " + count(minutes, "minute") : "");
    return count(minutes, "minute");
  }

  // The deadline in the reader's own zone, when that differs from the printed one,
  // in the page's language (the banner's), not the browser's.
  function readerTime(banner, deadline) {
    var iso = banner.getAttribute("data-campaign-deadline");
    var offset = /([+-])(\d\d):(\d\d)$/.exec(iso);
    var printed = offset ? (offset[1] === "-" ? -1 : 1) * (offset[2] * 60 + +offset[3]) : 0;
    if (printed === -deadline.getTimezoneOffset() || !window.Intl) return "";
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
        weekday: "long", month: "long", day: "numeric",
        hour: "numeric", minute: "2-digit", timeZoneName: "short"
      }).format(deadline);
    } catch (e) {
      return ""; // a lang attribute Intl does not accept
    }
  }

  function close(banner) {
    banner.setAttribute("data-campaign-state", "closed");
    var when = banner.querySelector(".campaign-when strong");
    var time = banner.querySelector("time");
    if (when && time) {
      when.textContent = "Signing closed on ";
      when.appendChild(time);
      when.appendChild(document.createTextNode("."));
    }
    // A banner's own links are those between it and the next banner: the plugin
    // puts each banner just before its post's text, and the theme's footer (with
    // the calendar link, marked campaign-open-only) follows. Another campaign on
    // the page keeps its links, even to the same form.
    var owner;
    [].slice.call(document.querySelectorAll(
      ".campaign-banner, a.campaign-sign, .campaign-open-only"
    )).forEach(function (el) {
      if (el.classList.contains("campaign-banner")) owner = el;
      else if (owner !== banner) return;
      else if (el.classList.contains("campaign-open-only")) el.parentNode.removeChild(el);
      else if (el.parentNode.className === "campaign-action") {
        el.parentNode.parentNode.removeChild(el.parentNode);
      } else {
        var words = document.createElement("span");
        words.className = "campaign-sign-closed";
        words.textContent = el.textContent;
        el.parentNode.replaceChild(words, el);
      }
    });
    var countdown = banner.querySelector(".campaign-countdown");
    if (countdown) countdown.parentNode.removeChild(countdown);
    var status = banner.querySelector(".campaign-status");
    if (status) status.textContent = "Signing has closed.";
  }

  function tick() {
    var now = Date.now(), next = 1000;
    banners = banners.filter(function (banner) {
      var deadline = new Date(banner.getAttribute("data-campaign-deadline"));
      var left = deadline.getTime() - now;
      if (isNaN(left)) return false;
      if (left <= 0) {
        close(banner);
        return false;
      }
      var countdown = banner.querySelector(".campaign-countdown");
      var text = timeLeft(left) + " left.";
      var local = readerTime(banner, deadline);
      if (local) text += " That is " + local + " where you are.";
      if (countdown && countdown.textContent !== text) countdown.textContent = text;
      // Again the moment the next whole second of this deadline has passed.
      next = Math.min(next, left % 1000 + 1);
      return true;
    });
    if (banners.length) setTimeout(tick, next);
  }

  tick();
})();
