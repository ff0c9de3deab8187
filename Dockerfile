# One image for all seven services; the command picks the service:
#   docker run vigil start --service anomaly-detector
# Node 24 LTS. TypeScript runs through @swc-node/register (see docs/decisions/003-*.md).
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
ENV VIGIL_HTTP_HOST=0.0.0.0
ENTRYPOINT ["node", "apps/vigil/bin/vigil.js"]
CMD ["start"]
