// Markdown for text people typed (notes, summaries): GitHub-flavoured, but never HTML. react-markdown without
// rehype-raw turns raw HTML into text, its URL filter drops javascript: and the like, and images are shown as
// their alt text so a note cannot make the browser fetch anything from another host.
import React from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

export default function Markdown({ source, newTab, className, empty }) {
  const components = {
    a: ({ node, href, children, ...rest }) => (
      <a href={href} {...rest} {...(newTab ? { target: "_blank", rel: "noopener noreferrer" } : {})}>{children}</a>
    ),
    img: ({ alt }) => <span className="md-image">[image{alt ? `: ${alt}` : ""}]</span>,
  };
  if (!source || !source.trim()) return <div className={className}><em className="md-empty">{empty || "Nothing yet."}</em></div>;
  return (
    <div className={className || "parley-markdown"}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} skipHtml={false}>{source}</ReactMarkdown>
    </div>
  );
}
