/* Campaign countdown: shows the time left before each open banner's deadline
   and closes the banner when the deadline passes, without a reload.
   The page is complete without it; this only keeps it current. */
(function () {
  "use strict";
  var MINUTE = 60000;
  var banners = [].slice.call(
    document.querySelectorAll(".campaign-banner[data-campaign-state=open]")
  );
  // The words come from the page, in its language (the plugin's words.py).
  var source = document.getElementById("campaign-words");
  if (!source || !banners.length) return;
  var words = JSON.parse(source.textContent);
  var plural = new Intl.PluralRules(words.locale);

  function count(n, unit) {
    return (words[unit][plural.select(n)] || words[unit].other).replace("#", n);
  }

  function pair(a, b) {
    return words.pair.replace("{a}", a).replace("{b}", b);
  }

  // Rounded down, never more than is left: 59.9 seconds is "59 seconds", 89
  // seconds "1 minute". Seconds only in the last minute.
  function timeLeft(ms) {
    if (ms < MINUTE) return count(Math.floor(ms / 1000), "s");
    var minutes = Math.floor(ms / MINUTE);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    minutes %= 60;
    if (days) return hours ? pair(count(days, "d"), count(hours, "h")) : count(days, "d");
    if (hours) return minutes ? pair(count(hours, "h"), count(minutes, "m")) : count(hours, "h");
    return count(minutes, "m");
  }

  // The deadline in the reader's own zone, when that differs from the printed one,
  // in the page's language and locale, not the browser's.
  function readerTime(banner, deadline) {
    var iso = banner.getAttribute("data-campaign-deadline");
    var offset = /([+-])(\d\d):(\d\d)$/.exec(iso);
    var printed = offset ? (offset[1] === "-" ? -1 : 1) * (offset[2] * 60 + +offset[3]) : 0;
    if (printed === -deadline.getTimezoneOffset()) return "";
    try {
      return new Intl.DateTimeFormat(words.locale, {
        weekday: "long", month: "long", day: "numeric",
        hour: "numeric", minute: "2-digit", timeZoneName: "short"
      }).format(deadline);
    } catch (e) {
      return ""; // a locale Intl does not accept
    }
  }

  function close(banner) {
    banner.setAttribute("data-campaign-state", "closed");
    var when = banner.querySelector(".campaign-when strong");
    var time = banner.querySelector("time");
    if (when && time) {
      var parts = words.closed.split("{t}");
      when.textContent = parts[0];
      when.appendChild(time);
      when.appendChild(document.createTextNode(parts[1] || ""));
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
        var plain = document.createElement("span");
        plain.className = "campaign-sign-closed";
        plain.textContent = el.textContent;
        el.parentNode.replaceChild(plain, el);
      }
    });
    var countdown = banner.querySelector(".campaign-countdown");
    if (countdown) countdown.parentNode.removeChild(countdown);
    // The count in the past tense, as the build wrote it for this moment.
    var count = banner.querySelector("[data-closed]");
    if (count) count.querySelector("span").textContent = count.getAttribute("data-closed");
    var status = banner.querySelector(".campaign-status");
    if (status) status.textContent = words.status;
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
      var text = words.left.replace("{t}", timeLeft(left));
      var local = readerTime(banner, deadline);
      if (local) text += " " + words.where.replace("{t}", local);
      if (countdown && countdown.textContent !== text) countdown.textContent = text;
      // Again the moment the next whole second of this deadline has passed.
      next = Math.min(next, left % 1000 + 1);
      return true;
    });
    if (banners.length) setTimeout(tick, next);
  }

  tick();
})();
