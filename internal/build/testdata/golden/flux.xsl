<?xml version="1.0" encoding="UTF-8"?>
<!-- The site's Atom feeds as a browser shows them: a page in French that
     says what a feed is and how to subscribe, then the feed's entries.
     Feed readers ignore it and read the same Atom. chrono writes it as
     /depot/flux.xsl (/depot/ is the site's base path); it requests nothing
     but the site's own stylesheet, and runs no script. -->
<xsl:stylesheet version="1.0"
 xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:a="http://www.w3.org/2005/Atom"
 xmlns:c="tag:chrono-dsa.github.io,2026:atom"
 exclude-result-prefixes="a c">
<xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

<xsl:template match="/">
<xsl:apply-templates select="a:feed"/>
</xsl:template>

<xsl:template match="a:feed">
<xsl:variable name="self" select="a:link[@rel='self']/@href"/>
<xsl:variable name="page" select="a:link[@type='text/html']/@href"/>
<html lang="fr">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<meta name="robots" content="noindex"/>
<title><xsl:value-of select="a:title"/> · flux Atom</title>
<link rel="stylesheet" href="/depot/style.css"/>
</head>
<body class="flux-xml">
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site">
<p class="site-title"><a href="/depot/"><xsl:value-of select="a:author/a:name"/></a></p>
</header>
<main id="contenu">
<p class="flux-kicker">Flux Atom</p>
<h1><xsl:value-of select="a:title"/></h1>
<xsl:if test="a:subtitle">
<p class="flux-subtitle"><xsl:value-of select="a:subtitle"/></p>
</xsl:if>
<section class="flux-howto" aria-labelledby="flux-abonner">
<h2 id="flux-abonner">S’abonner à ce flux</h2>
<p>Cette page est un <strong>flux</strong>&#160;: une adresse qu’un <strong>lecteur de flux</strong> consulte pour vous et qui vous montre chaque nouvel événement, sans compte, sans courriel et sans publicité. Vous choisissez ce que vous suivez, et vous vous désabonnez quand vous voulez.</p>
<ol>
<li>Copiez l’adresse de ce flux&#160;:
<code class="flux-address"><xsl:value-of select="$self"/></code></li>
<li>Collez-la dans votre lecteur de flux («&#160;Ajouter un flux&#160;», «&#160;S’abonner&#160;»…).</li>
</ol>
<p>Quelques lecteurs libres et gratuits&#160;: Thunderbird (ordinateur), NetNewsWire (Mac, iPhone, iPad), Feeder (Android), Liferea ou Akregator (Linux), FreshRSS (sur votre propre serveur). Beaucoup de navigateurs et de logiciels de courriel savent aussi lire les flux.</p>
<p class="flux-links"><a href="/depot/flux/">Tous les flux du site</a>
<xsl:if test="$page"> · <a href="{$page}">La page que suit ce flux</a></xsl:if></p>
</section>
<section aria-labelledby="flux-entrees">
<h2 id="flux-entrees">
<xsl:choose>
<xsl:when test="count(a:entry) = 0">Aucune entrée pour l’instant</xsl:when>
<xsl:when test="count(a:entry) = 1">La dernière entrée du flux</xsl:when>
<xsl:otherwise>Les <xsl:value-of select="count(a:entry)"/> dernières entrées du flux</xsl:otherwise>
</xsl:choose>
</h2>
<xsl:if test="a:entry">
<ol class="flux-entries">
<xsl:apply-templates select="a:entry"/>
</ol>
</xsl:if>
</section>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="a:entry">
<li>
<p class="flux-date">
<xsl:choose>
<xsl:when test="c:date"><xsl:value-of select="c:date"/></xsl:when>
<xsl:otherwise><xsl:value-of select="substring(a:published, 1, 10)"/></xsl:otherwise>
</xsl:choose>
</p>
<h3><a href="{a:link/@href}"><xsl:value-of select="a:title"/></a></h3>
<xsl:if test="a:summary">
<p><xsl:value-of select="a:summary"/></p>
</xsl:if>
</li>
</xsl:template>
</xsl:stylesheet>
