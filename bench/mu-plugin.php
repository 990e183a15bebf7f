<?php
/**
 * Benchmark probe (bench/run.mjs copies this into a bin/local-wp site's mu-plugins for the length of a run and
 * removes it afterwards; it is never part of the plugin or its release zip).
 *
 * A request that carries the header X-Cart-Sessions-Bench: <id> gets its PHP peak memory written, at shutdown
 * (after the response body was built and sent), to <dir>/<id>.json — nothing is added to the response, so no
 * internals leak. Only on a site whose environment type is "local".
 *
 * @package CartSessions
 */

declare(strict_types=1);

( static function (): void {
	$dir = '@BENCH_DIR@';
	if ( ! function_exists( 'wp_get_environment_type' ) || 'local' !== wp_get_environment_type() ) {
		return;
	}
	$id = isset( $_SERVER['HTTP_X_CART_SESSIONS_BENCH'] ) ? (string) $_SERVER['HTTP_X_CART_SESSIONS_BENCH'] : '';
	if ( '' === $id || 1 !== preg_match( '/^[a-z0-9-]{1,80}$/', $id ) || ! is_dir( $dir ) ) {
		return;
	}
	register_shutdown_function(
		static function () use ( $dir, $id ): void {
			file_put_contents( // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
				$dir . '/' . $id . '.json',
				(string) json_encode(
					array(
						'peak'  => memory_get_peak_usage(),
						'limit' => ini_get( 'memory_limit' ),
					)
				)
			);
		}
	);
} )();
